import { Sidebar, SidebarItem } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  NavContentBlueprint,
  NavContentComponentProps,
} from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';

/** The notifications plugin's page, whose nav item gets the unread count. */
const NOTIFICATIONS_PAGE = 'page:notifications';

/**
 * The sidebar as the app builds it from the plugins' pages, in the same order, except that the
 * Notifications entry is the notifications plugin's own item: it shows the unread count (live,
 * through signals), so an owner told of an overdue key sees it from any page. Pop-up snackbars
 * stay off: the Notifications page lists everything.
 */
export function PortalNavContent({ navItems }: NavContentComponentProps) {
  return (
    <Sidebar>
      {navItems
        .rest()
        .map(item =>
          item.node.spec.id === NOTIFICATIONS_PAGE ? (
            <NotificationsSidebarItem
              key={item.node.spec.id}
              text={item.title}
              snackbarProps={{ enabled: false }}
            />
          ) : (
            <SidebarItem
              key={item.node.spec.id}
              to={item.href}
              icon={() => item.icon}
              text={item.title}
            />
          ),
        )}
    </Sidebar>
  );
}

export const portalNavModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    NavContentBlueprint.make({ params: { component: PortalNavContent } }),
  ],
});
