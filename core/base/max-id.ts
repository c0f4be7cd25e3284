/** The largest id a row can have: PostgreSQL's `integer`, the type of every `serial` id of the schema. */
export const MAX_ID = 2_147_483_647;
