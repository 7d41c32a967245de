/** imstress's version (kept equal to package.json's by a test). */
export const toolVersion = '0.1.0';
