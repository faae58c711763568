// Imported first by colour tests: chalk decides its colour level when it is first loaded.
process.env.FORCE_COLOR = '1';
