import { toastApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { NavContentComponentProps } from '@backstage/plugin-app-react';
import {
  NotificationsApi,
  notificationsApiRef,
  notificationsPlugin,
} from '@backstage/plugin-notifications';
import { screen, within } from '@testing-library/react';
import { PortalNavContent } from './portalNav';

type Item = ReturnType<NavContentComponentProps['navItems']['rest']>[number];

function navItems(items: Array<{ id: string; title: string; href: string }>) {
  const all = items.map(
    ({ id, title, href }) =>
      ({
        node: { spec: { id } },
        title,
        href,
        icon: <span />,
      } as unknown as Item),
  );
  return { rest: () => all } as NavContentComponentProps['navItems'];
}

async function renderNav(unread: number) {
  const api: Partial<NotificationsApi> = {
    getStatus: jest.fn(async () => ({ unread, read: 0 })),
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [notificationsApiRef, api],
        [toastApiRef, { post: jest.fn() }],
      ]}
    >
      <PortalNavContent
        navItems={navItems([
          { id: 'page:catalog', title: 'Home', href: '/catalog' },
          {
            id: 'page:notifications',
            title: 'Notifications',
            href: '/notifications',
          },
          { id: 'page:mcp-kubernetes', title: 'MCP fleet', href: '/mcp' },
        ])}
      />
    </TestApiProvider>,
    { mountedRoutes: { '/notifications': notificationsPlugin.routes.root } },
  );
}

describe('PortalNavContent', () => {
  it('keeps the pages in order and counts the unread notifications on their entry', async () => {
    await renderNav(3);
    const links = screen.getAllByRole('link');
    expect(links.map(link => link.getAttribute('href'))).toEqual([
      '/catalog',
      '/notifications',
      '/mcp',
    ]);
    const badge = await screen.findByLabelText('Unread notifications');
    expect(badge).toHaveTextContent('3');
    expect(within(links[1]).getByText('Notifications')).toBeInTheDocument();
  });

  it('shows no count when nothing is unread', async () => {
    await renderNav(0);
    await screen.findByText('Notifications');
    expect(
      screen.queryByLabelText('Unread notifications'),
    ).not.toBeInTheDocument();
  });
});
