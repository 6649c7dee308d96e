// Filled in by the integration suite.
