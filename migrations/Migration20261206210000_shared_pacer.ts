import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 17: the notification pacer is shared by every instance through PostgreSQL. `pacer_state` holds the
 * bot's next free send moment and a flood pause (the database's clock, so that instances with skewed clocks
 * agree); `telegram_account.next_message_at` when the chat may get its next message, whichever instance
 * sent the last one.
 */
export class Migration20261206210000_shared_pacer extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "pacer_state" ("name" varchar(50) not null, "next_at" timestamptz not null, "paused_until" timestamptz null, constraint "pacer_state_pkey" primary key ("name"));`);
    this.addSql(`alter table "telegram_account" add column "next_message_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "telegram_account" drop column "next_message_at";`);
    this.addSql(`drop table if exists "pacer_state" cascade;`);
  }

}
