import { Migration } from '@mikro-orm/migrations';

export class Migration20261205093000_job_run extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "job_run" ("job" varchar(100) not null, "slot" timestamptz not null, "claimed_at" timestamptz not null, "finished_at" timestamptz null, "outcome" varchar(20) null, constraint "job_run_pkey" primary key ("job", "slot"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_run" cascade;`);
  }

}
