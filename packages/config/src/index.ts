export { repoRoot, type TestdataFolder, testdataFolder } from "./referenceData";
export { fixturesRoot, hashPaths, sharedFixture } from "./sharedFixture";
