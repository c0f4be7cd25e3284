import { Migration } from '@mikro-orm/migrations';

/** The outbox's open batches (core/notifications/coalescing.ts): the lesson of an event, and the batch's latest due time. */
export class Migration20261206040000_notification_batches extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "notification" add column "lesson_id" int null, add column "open_until" timestamptz null;`);
    this.addSql(`create index "notification_open_lesson_id_index" on "notification" ("lesson_id") where "open_until" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "notification_open_lesson_id_index";`);
    this.addSql(`alter table "notification" drop column "lesson_id", drop column "open_until";`);
  }

}
