import { Migration } from '@mikro-orm/migrations';

export class Migration20261206000925_backup_run extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "backup_run" ("id" serial primary key, "name" varchar(64) not null, "destination" text check ("destination" in ('local', 's3')) not null, "status" text check ("status" in ('success', 'failed')) not null, "location" text null, "size_bytes" bigint null, "error" text null, "source" text check ("source" in ('job', 'panel', 'cli')) not null, "account_id" int null, "started_at" timestamptz not null, "finished_at" timestamptz not null);`);
    this.addSql(`create index "backup_run_finished_at_index" on "backup_run" ("finished_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "backup_run" cascade;`);
  }

}
