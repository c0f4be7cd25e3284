import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Labels = {
  resources?: Record<string, { properties?: Record<string, string>; labels?: Record<string, Record<string, string>> }>;
};

// The panel's Russian labels (admin/adminjs/locale/labels.ru.json), read as data: the same place from
// core/exports/*.ts and from dist/core/exports/*.js.
const LABELS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../admin/adminjs/locale/labels.ru.json');

let cached: Labels | undefined;

function labels(): Labels {
  if (!cached) {
    try {
      cached = JSON.parse(fs.readFileSync(LABELS_FILE, 'utf8')) as Labels;
    } catch {
      cached = {};
    }
  }
  return cached;
}

/** The panel's Russian name of a property (`resources.<Kind>.properties.<prop>`), else the property's name. */
export function columnTitle(kind: string, property: string): string {
  return labels().resources?.[kind]?.properties?.[property] ?? property;
}

/** The panel's Russian name of an enum value (`labels.<prop>.<value>` or `properties["<prop>.<value>"]`), else the value. */
export function valueTitle(kind: string, property: string, value: string): string {
  const resource = labels().resources?.[kind];
  return resource?.labels?.[property]?.[value] ?? resource?.properties?.[`${property}.${value}`] ?? value;
}
