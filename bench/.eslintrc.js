// The benches are scripts, not a package: lint them with the backend plugin's rules (node
// code beside it, importing what the root workspace installs).
const path = require('node:path');

module.exports = require('@backstage/cli/config/eslint-factory')(
  path.resolve(__dirname, '../plugins/mcp-kubernetes-backend'),
);
