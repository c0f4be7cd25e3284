import { Migration } from '@mikro-orm/migrations';

/**
 * The Mini App's changes and reads say where they came from (issue 19): `miniApp` joins the sources of the
 * audit log and the channels of the reads log. Going down, the audit's lines written from the Mini App become
 * the bot's again (it is the bot's window); the reads log is append-only (its trigger refuses updates), so
 * its older constraint comes back «not valid»: checked for new lines only, the Mini App's old lines kept.
 */
export class Migration20261206073439_mini_app_source extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_source_check";`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_source_check" check("source" in ('bot', 'miniApp', 'panel', 'cli', 'job', 'import'));`);

    this.addSql(`alter table "personal_data_read" drop constraint if exists "personal_data_read_channel_check";`);
    this.addSql(`alter table "personal_data_read" add constraint "personal_data_read_channel_check" check("channel" in ('bot', 'miniApp', 'panel', 'cli', 'job', 'import'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_entry" drop constraint if exists "audit_entry_source_check";`);
    this.addSql(`update "audit_entry" set "source" = 'bot' where "source" = 'miniApp';`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_source_check" check("source" in ('bot', 'panel', 'cli', 'job', 'import'));`);

    this.addSql(`alter table "personal_data_read" drop constraint if exists "personal_data_read_channel_check";`);
    this.addSql(`alter table "personal_data_read" add constraint "personal_data_read_channel_check" check("channel" in ('bot', 'panel', 'cli', 'job', 'import')) not valid;`);
  }

}
