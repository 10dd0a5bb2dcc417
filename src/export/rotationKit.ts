// What the CA rotation planner loads when asked to make its bundles: the issuing and zip code,
// kept out of the page's first download.
export { rotatePki, rotationBundles } from './rotationBundles';
export { phaseZipFiles, rotationRunbook } from './rotationRunbook';
export { rotationStart } from './rotationSource';
export { zipBundle } from './zip';
