import { Migration } from '@mikro-orm/migrations';

export class Migration20261206000920_rollback_journal extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "notification" drop constraint if exists "notification_kind_check";`);

    this.addSql(`alter table "notification" add constraint "notification_kind_check" check("kind" in ('mark', 'markChanged', 'markRemoved', 'absence', 'homework', 'schedule', 'announcement', 'message', 'digest', 'cancelled'));`);

    this.addSql(`alter table "audit_entry" add column "compromise_report_id" int null;`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_compromise_report_id_foreign" foreign key ("compromise_report_id") references "compromise_report" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint "audit_entry_compromise_report_id_foreign";`);

    this.addSql(`alter table "notification" drop constraint if exists "notification_kind_check";`);

    this.addSql(`alter table "audit_entry" drop column "compromise_report_id";`);

    this.addSql(`alter table "notification" add constraint "notification_kind_check" check("kind" in ('mark', 'markChanged', 'markRemoved', 'absence', 'homework', 'schedule', 'announcement', 'message', 'digest'));`);
  }

}
