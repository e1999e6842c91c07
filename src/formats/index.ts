export { FormatError, ReadReport } from './adapter';
export type { FormatAdapter, FormatReadOptions, FormatWriteOptions, ImportedUnit } from './adapter';

// --- unit formats (translation memory units: TMX, XLIFF, CSV) ---
export { tmxAdapter } from './tmx';
export { xliffAdapter } from './xliff';
export { csvUnitsAdapter } from './csv-units';
export { getUnitFormat, detectUnitFormat, UNIT_FORMATS } from './units';
export type { UnitFormatName } from './units';

// --- glossary formats (termbase concepts: TBX, CSV) ---
export { tbxAdapter, readTbx, writeTbx, TBX_LIMITS } from './tbx';
export type { TbxLimits, TbxVersion } from './tbx';
export { glossaryCsvAdapter, readGlossaryCsv, writeGlossaryCsv, TERM_SEPARATOR } from './glossary-csv';
export { getGlossaryFormat, detectGlossaryFormat, GLOSSARY_FORMATS } from './glossaries';
export type { GlossaryFormatName } from './glossaries';
