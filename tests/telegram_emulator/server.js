// Starts telegram-test-api 4.2.1 on 127.0.0.1 for talkwatch's end-to-end tests,
// with the fixes python-telegram-bot needs (found by trying it):
//  - getMe answers without is_bot, which PTB requires;
//  - sent messages carry `date` in milliseconds, PTB expects seconds;
//  - setMyCommands and other unsupported methods answer HTTP 500.
// Prints {"port": N} on stdout once listening; stops on SIGTERM.
'use strict';
const http = require('http');
const TelegramServer = require('telegram-test-api');

const emulator = new TelegramServer({ host: '127.0.0.1', port: 1, storeTimeout: 600 });

// Dates in seconds, as the Bot API sends them.
const addBotMessage = emulator.addBotMessage.bind(emulator);
emulator.addBotMessage = (message, token) => {
  const sent = addBotMessage(message, token);
  return { ...sent, date: Math.floor(sent.date / 1000) };
};

function json(res, body) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

// Answer what the emulator gets wrong; hand everything else to it.
function front(req, res) {
  const method = (req.url.split('?')[0].match(/^\/bot[^/]+\/(\w+)$/) || [])[1];
  if (method === 'getMe') {
    return json(res, { ok: true, result: { id: 666, is_bot: true, first_name: 'talkwatch test', username: 'TestNameBot' } });
  }
  if (method === 'setMyCommands' || method === 'deleteMyCommands') {
    return json(res, { ok: true, result: true });
  }
  return emulator.webServer(req, res);
}

const server = http.createServer(front);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
