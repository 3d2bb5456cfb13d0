import { createApp } from './create-app.js';

// The entry point of `cdk synth` and `cdk deploy` (see cdk.json). The CLI
// passes the context; the app synthesizes itself when the process exits.
createApp();
