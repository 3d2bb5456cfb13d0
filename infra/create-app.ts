import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { readAppContext } from './context.js';
import { ZoomSmsSyncStack } from './zoom-sms-sync-stack.js';

/**
 * The CDK app: one ZoomSmsSyncStack configured from `zoomSmsSync:*` context,
 * checked by the cdk-nag AwsSolutions and Serverless packs. They run as
 * validation plugins at synth: a finding that is not acknowledged (with its
 * reason, next to the resource) fails the synth.
 */
export const createApp = (props: AppProps = {}): App => {
  const app = new App(props);
  const { stackName, settings } = readAppContext(app.node);
  const { CDK_DEFAULT_ACCOUNT: account, CDK_DEFAULT_REGION: region } =
    process.env;

  new ZoomSmsSyncStack(app, stackName, {
    settings,
    ...(account === undefined || region === undefined
      ? {}
      : { env: { account, region } }),
  });
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new ServerlessChecks(app),
  );
  return app;
};
