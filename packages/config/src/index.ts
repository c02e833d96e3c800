export { repoRoot, type SharedFolder, sharedFolder } from "./referenceData";
