/** A reference to another row: all the record service needs to know of it is its id. */
export interface Ref {
  id: number;
}

/**
 * What the record service and the scopes see of any school row: its id and the references they follow.
 * Each kind's rules see their own entity type (see `rule` in record-kinds.ts).
 */
export interface Row {
  id: number;
  school?: Ref;
  student?: Ref | null;
  group?: Ref | null;
  subgroup?: Ref | null;
  teacher?: Ref;
  assignment?: Ref;
  [field: string]: unknown;
}

export const refId = (ref: Ref | null | undefined): number | undefined => ref?.id;
