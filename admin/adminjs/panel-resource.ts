import type { BaseProperty} from 'adminjs';
import { BaseResource } from 'adminjs';

/**
 * What every resource of ours tells AdminJS the same way: its id and its properties. The rows come from a
 * core service (RecordResource, CoreResource), never from an adapter of AdminJS's own.
 */
export abstract class PanelResource extends BaseResource {
  constructor(private readonly resourceId: string, private readonly props: BaseProperty[]) {
    super();
  }

  override id(): string {
    return this.resourceId;
  }

  override databaseName(): string {
    return 'klassny';
  }

  override databaseType(): string {
    return 'postgresql';
  }

  override properties(): BaseProperty[] {
    return this.props;
  }

  override property(path: string): BaseProperty | null {
    return this.props.find((p) => p.path() === path) ?? null;
  }
}
