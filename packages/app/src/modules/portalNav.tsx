import { Sidebar, SidebarItem } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  NavContentBlueprint,
  NavContentComponentProps,
} from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { Tag, TagGroup } from '@backstage/ui';

/** The notifications plugin's page, whose nav item gets the unread count. */
const NOTIFICATIONS_PAGE = 'page:notifications';

/**
 * The sidebar as the app builds it from the plugins' pages, in the same order, except that the
 * Notifications entry is driven by the notifications plugin's own item, which keeps the unread
 * count (live, through signals); it renders like the other entries with the count beside the
 * title, so an owner told of an overdue key sees it from any page. Pop-up snackbars stay off:
 * the Notifications page lists everything.
 */
export function PortalNavContent({ navItems }: NavContentComponentProps) {
  return (
    <Sidebar>
      {navItems.rest().map(item =>
        item.node.spec.id === NOTIFICATIONS_PAGE ? (
          <NotificationsSidebarItem
            key={item.node.spec.id}
            snackbarProps={{ enabled: false }}
            renderItem={({ unreadCount, to, onClick }) => (
              <SidebarItem
                to={to}
                onClick={onClick}
                icon={() => item.icon}
                text={item.title}
              >
                {unreadCount > 0 && (
                  <TagGroup aria-label="Unread notifications">
                    <Tag size="small">
                      {unreadCount > 99 ? '99+' : unreadCount}
                    </Tag>
                  </TagGroup>
                )}
              </SidebarItem>
            )}
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
