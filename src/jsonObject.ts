/**
 * True for what JSON calls an object: not null, not an array. The one check every reader of a
 * JSON document (models, binnings, calibrators, lending configs, search spaces) makes first.
 */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
