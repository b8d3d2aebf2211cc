import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { ClusterInfo } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { FleetFilters, hasFilters, NO_FILTERS } from './fleetFilters';

const STATE_OPTIONS = [
  { value: 'all', label: 'All states' },
  { value: 'ok', label: 'Healthy' },
  { value: 'warning', label: 'Degraded' },
  { value: 'error', label: 'Failing' },
  { value: 'unknown', label: 'Unknown' },
];

const TOGGLES: Array<{
  key: 'overdueKeys' | 'secretsOutOfSync' | 'policyBreaking';
  label: string;
  testId: string;
}> = [
  {
    key: 'overdueKeys',
    label: 'Overdue keys',
    testId: 'mcpk-filter-overdue-keys',
  },
  {
    key: 'secretsOutOfSync',
    label: 'Secrets out of sync',
    testId: 'mcpk-filter-secrets-out-of-sync',
  },
  {
    key: 'policyBreaking',
    label: 'Breaking policy',
    testId: 'mcpk-filter-policy-breaking',
  },
];

/** Filter controls; every control has a visible label and a stable test id for browser tests. */
export function FleetFilterBar(props: {
  filters: FleetFilters;
  clusters: ClusterInfo[];
  onChange: (filters: FleetFilters) => void;
}) {
  const { filters, clusters, onChange } = props;
  const set = (patch: Partial<FleetFilters>) =>
    onChange({ ...filters, ...patch });
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      mb={2}
      style={{ gap: 16 }}
      role="search"
      aria-label="Filter installs"
    >
      <TextField
        id="mcpk-filter-text"
        label="Search"
        placeholder="release, namespace, entity, reason…"
        value={filters.text}
        onChange={e => set({ text: e.target.value })}
        variant="outlined"
        size="small"
        inputProps={{ 'data-testid': 'mcpk-filter-text' }}
      />
      <TextField
        id="mcpk-filter-state"
        select
        label="State"
        value={filters.state}
        onChange={e => set({ state: e.target.value as FleetFilters['state'] })}
        variant="outlined"
        size="small"
        style={{ minWidth: 140 }}
        SelectProps={{
          SelectDisplayProps: { 'data-testid': 'mcpk-filter-state' } as object,
        }}
      >
        {STATE_OPTIONS.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="mcpk-filter-cluster"
        select
        label="Cluster"
        value={filters.cluster}
        onChange={e => set({ cluster: e.target.value })}
        variant="outlined"
        size="small"
        style={{ minWidth: 160 }}
        SelectProps={{
          SelectDisplayProps: {
            'data-testid': 'mcpk-filter-cluster',
          } as object,
        }}
      >
        <MenuItem value="all">All clusters</MenuItem>
        {clusters.map(cluster => (
          <MenuItem key={cluster.name} value={cluster.name}>
            {cluster.name}
            {cluster.reachable === false && ' (unreachable)'}
          </MenuItem>
        ))}
      </TextField>
      {TOGGLES.map(toggle => (
        <FormControlLabel
          key={toggle.key}
          label={toggle.label}
          control={
            <Checkbox
              checked={filters[toggle.key]}
              onChange={e => set({ [toggle.key]: e.target.checked })}
              inputProps={{ 'data-testid': toggle.testId } as object}
            />
          }
        />
      ))}
      {hasFilters(filters) && (
        <Button size="small" onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
