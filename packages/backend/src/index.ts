/*
 * The demo portal's backend: the stock Backstage plugins a developer portal needs
 * (catalog, scaffolder, auth with guest sign-in, permissions, MCP actions) plus the
 * mcp-kubernetes backend plugin and its scaffolder module.
 *
 * Database: SQLite in memory by default (app-config.yaml); PostgreSQL through
 * app-config.production.yaml or APP_CONFIG_backend_database_* environment variables.
 */
import { createBackend } from '@backstage/backend-defaults';
import { portalPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

// Serves the built frontend bundle in production (`backstage-cli repo build`).
backend.add(import('@backstage/plugin-app-backend'));

// Guest sign-in only: this portal is for local development and demos.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
// Lets the catalog ingest `kind: Template` entities.
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
// The `mcp-kubernetes:deploy` action used by templates/deploy-mcp-kubernetes.
backend.add(
  import('@mcp-kubernetes/plugin-scaffolder-backend-module-mcp-kubernetes'),
);

// Permissions are enforced by the plugins; this portal allows everything
// except free-form chart values for deploys (permissionPolicy.ts).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(portalPermissionPolicyModule);

// Backstage's MCP endpoint, serving the read actions plugins register.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Notifications (mcp-kubernetes tells install owners about overdue keys and
// lasting failures) and signals, which pushes them to open browsers.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Status, health, ExternalSecret sync, key rotation and fleet routes.
backend.add(import('@mcp-kubernetes/plugin-mcp-kubernetes-backend'));

backend.start();
