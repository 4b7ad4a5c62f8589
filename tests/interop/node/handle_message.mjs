// Calls chatcommerce.v1.ChatBot/HandleMessage from Node, loading ../../../protos as shipped.
// Usage: node handle_message.mjs <host:port> <api-key> <text>
// Prints one JSON line: {"intent": ..., "language": ..., "replies": [...]}; exits non-zero on error.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const protos = path.resolve(here, '../../../protos');
// google/api/annotations.proto (JSON transcoding options) comes from the google-proto-files package.
const googleProtos = path.dirname(require.resolve('google-proto-files/package.json'));

const [address, apiKey, text = 'help'] = process.argv.slice(2);
if (!address || !apiKey) {
  console.error('usage: node handle_message.mjs <host:port> <api-key> [text]');
  process.exit(2);
}

const definition = protoLoader.loadSync(path.join(protos, 'chatcommerce/v1/chatbot.proto'), {
  includeDirs: [protos, googleProtos],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const v1 = grpc.loadPackageDefinition(definition).chatcommerce.v1;
const client = new v1.ChatBot(address, grpc.credentials.createInsecure());

const metadata = new grpc.Metadata();
metadata.add('x-api-key', apiKey);
const message = {
  platform: 'webhook',
  group_id: 'node-interop',
  message_id: `node-${Date.now()}-${Math.random().toString(16).slice(2)}`,
  sender: { user_id: 'node-user', display_name: 'Node' },
  text,
  mentions_bot: true,
  sent_at: { seconds: Math.floor(Date.now() / 1000), nanos: 0 },
};

client.HandleMessage(message, metadata, { deadline: Date.now() + 10_000 }, (error, response) => {
  if (error) {
    console.error(JSON.stringify({ code: error.code, details: error.details }));
    process.exit(1);
  }
  console.log(JSON.stringify({
    intent: response.intent.intent,
    language: response.intent.language,
    replies: response.replies.map((r) => r.text),
  }));
  client.close();
});
