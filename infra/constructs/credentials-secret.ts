import {
  ArnFormat,
  RemovalPolicy,
  SecretValue,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
/** What a created secret holds until someone puts the real credentials. */
import {
  SECRET_KEYS,
  SECRET_PLACEHOLDER,
} from '../../functions/sync/credentials/secret-schema.js';

export { SECRET_PLACEHOLDER };

export interface ZoomCredentialsSecretProps {
  /** Import an existing secret by name. */
  secretName?: string | undefined;
  /** Import an existing secret by its complete ARN. */
  secretArn?: string | undefined;
  /** The customer managed KMS key the imported secret is encrypted with. */
  secretKmsKeyArn?: string | undefined;
  /** Let a created secret go with the stack instead of keeping it. */
  throwaway: boolean;
}

/**
 * The secret with the Zoom Server-to-Server OAuth credentials, a JSON object
 * `{"account_id": "...", "client_id": "...", "client_secret": "..."}`.
 *
 * Imported by name or ARN when one is given; otherwise created here holding
 * REPLACE_ME placeholders, so that no credential ever sits in a template.
 * The operator puts the real values with `aws secretsmanager
 * put-secret-value`. CloudFormation writes the secret's value only when the
 * template's value changes: keep the placeholder object as it is, or a
 * deploy would overwrite the real credentials.
 */
export class ZoomCredentialsSecret extends Construct {
  /** The secret's ARN: a partial ARN (no suffix) when imported by name. */
  readonly secretArn: string;
  /** The SecretId the function asks Secrets Manager for. */
  readonly secretId: string;
  /** The ARN that IAM policies name: for a name import, with `-??????`. */
  readonly policyArn: string;
  readonly created: boolean;
  readonly #kmsKeyArn: string | undefined;

  constructor(scope: Construct, id: string, props: ZoomCredentialsSecretProps) {
    super(scope, id);
    this.#kmsKeyArn = props.secretKmsKeyArn;

    if (props.secretArn !== undefined) {
      this.secretArn = props.secretArn;
      this.secretId = props.secretArn;
      this.policyArn = props.secretArn;
      this.created = false;
      return;
    }

    if (props.secretName !== undefined) {
      this.secretArn = Secret.fromSecretNameV2(
        this,
        'Imported',
        props.secretName,
      ).secretArn;
      this.secretId = props.secretName;
      // Secrets Manager appends 6 random characters to every secret's ARN.
      this.policyArn = `${Stack.of(this).formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: props.secretName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })}-??????`;
      this.created = false;
      return;
    }

    const secret = new Secret(this, 'Secret', {
      description:
        'Zoom Server-to-Server OAuth credentials for zoom-sms-sync: a JSON object with account_id, client_id and client_secret.',
      secretObjectValue: Object.fromEntries(
        SECRET_KEYS.map((key) => [
          key,
          SecretValue.unsafePlainText(SECRET_PLACEHOLDER),
        ]),
      ),
      removalPolicy: props.throwaway
        ? RemovalPolicy.DESTROY
        : RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Zoom Server-to-Server OAuth credentials are issued and rotated in the Zoom App Marketplace; no Lambda can rotate them, so the operator puts each new client secret here.',
    });
    this.secretArn = secret.secretArn;
    this.secretId = secret.secretArn;
    this.policyArn = secret.secretArn;
    this.created = true;
  }

  /**
   * Lets `grantee` read the secret's value and nothing else: GetSecretValue
   * is the one call @middy/secrets-manager makes. Grants Decrypt on the
   * secret's own KMS key when one was named, only through Secrets Manager.
   */
  grantGetSecretValue(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.policyArn],
      }),
    );

    if (this.#kmsKeyArn !== undefined) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [this.#kmsKeyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com`,
            },
          },
        }),
      );
    }
  }
}
