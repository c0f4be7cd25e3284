import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 17: a chat is served by one dispatcher instance at a time. The claim is a row of its own, so that a
 * claim statement racing another decides on the newest claim (INSERT … ON CONFLICT) rather than on what its
 * snapshot showed.
 */
export class Migration20261207100000_chat_claim extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification_chat_claim" ("telegram_account_id" bigint not null, "claimed_by" uuid not null, "claimed_until" timestamptz not null, constraint "notification_chat_claim_pkey" primary key ("telegram_account_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_chat_claim" cascade;`);
  }

}
