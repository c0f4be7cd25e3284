/** Where the database is: the same shape for an external server and the embedded one (host may be a socket dir). */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  ssl?: boolean | Record<string, unknown>;
}
