export { FormatError } from './adapter';
export type { FormatAdapter, FormatReadOptions, FormatWriteOptions, ImportedUnit } from './adapter';

// --- unit formats (translation memory): owned by the memory engineer ---
// UNIT-EXPORTS-BEGIN
// UNIT-EXPORTS-END

// --- glossary formats (termbase): owned by the glossary engineer, add export lines below ---
// GLOSSARY-EXPORTS-BEGIN
// GLOSSARY-EXPORTS-END
