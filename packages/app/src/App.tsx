import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import mcpKubernetesPlugin from '@mcp-kubernetes/plugin-mcp-kubernetes/alpha';
import { demoBannerModule } from './modules/demoBanner';
import { portalNavModule } from './modules/portalNav';

/**
 * The portal uses the new frontend system: each plugin contributes its pages,
 * entity cards and nav items as extensions. mcp-kubernetes adds the entity card
 * (Component pages with the `mcp-kubernetes.io/*` annotations) and the fleet page;
 * notifications shows what the backend tells install owners, with the unread
 * count on its sidebar entry.
 */
export default createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    orgPlugin,
    // The /notifications page (and its sidebar entry); signals pushes new ones live.
    notificationsPlugin,
    signalsPlugin,
    mcpKubernetesPlugin,
    demoBannerModule,
    // The sidebar, with the unread count on Notifications.
    portalNavModule,
  ],
});
