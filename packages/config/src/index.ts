export { repoRoot, type TestdataFolder, testdataFolder } from "./referenceData";
