// Starts `ridec lsp` for .ride and .plan files. The highlighting is the TextMate grammars in
// syntaxes/; everything else (diagnostics, quick fixes, hover, completion, formatting,
// outline, go to definition) comes from the language server.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("ridec").get("path", "ridec");
  const serverOptions = {
    command,
    args: ["lsp"],
    // Over stdio the client adds `--stdio`, which `ridec lsp` accepts.
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "ride" },
      { scheme: "file", language: "ride-plan" },
      { scheme: "untitled", language: "ride" },
      { scheme: "untitled", language: "ride-plan" },
    ],
    // A workout saved outside the editor changes the plans that use it.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{ride,plan}"),
    },
  };
  client = new LanguageClient("ridec", "ridec", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
