import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  SESSIONS_TABLE,
  SYNC_STATE_TABLE,
  type TableDefinition,
} from '../../functions/sync/store/table-definitions.js';

export interface SyncTablesProps {
  /**
   * Drop deletion protection and let the sessions table go with the stack.
   * Off by default: the sessions table is the product's data.
   */
  throwaway: boolean;
}

const ATTRIBUTE_TYPES: Record<
  TableDefinition['partitionKey']['type'],
  AttributeType
> = { S: AttributeType.STRING };

const STREAM_VIEW_TYPES: Record<
  NonNullable<TableDefinition['stream']>,
  StreamViewType
> = { NEW_AND_OLD_IMAGES: StreamViewType.NEW_AND_OLD_IMAGES };

/** Key and stream of a table, read from the shared definition. */
const fromDefinition = (definition: TableDefinition) => ({
  partitionKey: {
    name: definition.partitionKey.name,
    type: ATTRIBUTE_TYPES[definition.partitionKey.type],
  },
  ...(definition.stream === undefined
    ? {}
    : { stream: STREAM_VIEW_TYPES[definition.stream] }),
});

/** Settings both tables share. */
const COMMON = {
  // Runs write a handful of deltas every 15 minutes: capacity planning
  // would cost more than it saves.
  billingMode: BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  // Explicit KMS at rest under the account's aws/dynamodb key; needs no key
  // policy for stream consumers in the same account.
  encryption: TableEncryption.AWS_MANAGED,
};

/**
 * The two tables, built from functions/sync/store/table-definitions.ts: the
 * same definitions the local start and the tests create their tables from.
 */
export class SyncTables extends Construct {
  /** One item per Zoom SMS session; its stream is the product's output. */
  readonly sessions: Table;
  /** Watermarks and the last run's summary. */
  readonly syncState: Table;

  constructor(scope: Construct, id: string, props: SyncTablesProps) {
    super(scope, id);

    this.sessions = new Table(this, 'Sessions', {
      ...fromDefinition(SESSIONS_TABLE),
      ...COMMON,
      deletionProtection: !props.throwaway,
      removalPolicy: props.throwaway
        ? RemovalPolicy.DESTROY
        : RemovalPolicy.RETAIN,
    });

    // Bookkeeping only: losing it costs one month-long pull, not data, so it
    // goes with the stack.
    this.syncState = new Table(this, 'SyncState', {
      ...fromDefinition(SYNC_STATE_TABLE),
      ...COMMON,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
