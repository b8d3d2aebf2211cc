import {
  AppRootElementBlueprint,
  configApiRef,
  createFrontendModule,
  useApi,
} from '@backstage/frontend-plugin-api';

/**
 * A thin bar across the top of every page when `app.demoBanner` is set
 * (app-config.demo.yaml does), so nobody mistakes the fake cluster's seeded
 * installs for real ones.
 */
export function DemoBanner() {
  const config = useApi(configApiRef);
  const text = config.getOptionalString('app.demoBanner');
  if (!text) {
    return null;
  }
  return (
    <div
      role="status"
      aria-label="demo data"
      style={{
        position: 'fixed',
        top: 0,
        right: 0,
        zIndex: 2000,
        padding: '4px 12px',
        background: '#ffb300',
        color: '#000',
        fontFamily: 'sans-serif',
        fontSize: 13,
        fontWeight: 600,
        borderBottomLeftRadius: 6,
      }}
    >
      {text}
    </div>
  );
}

const demoBanner = AppRootElementBlueprint.make({
  name: 'demo-banner',
  params: { element: <DemoBanner /> },
});

export const demoBannerModule = createFrontendModule({
  pluginId: 'app',
  extensions: [demoBanner],
});
