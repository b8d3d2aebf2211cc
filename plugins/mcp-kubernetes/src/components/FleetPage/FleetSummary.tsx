import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { FleetSummaryCounts } from '@mcp-kubernetes/plugin-mcp-kubernetes-common';

const TILES: Array<{ key: keyof FleetSummaryCounts; label: string }> = [
  { key: 'total', label: 'Installs' },
  { key: 'healthy', label: 'Healthy' },
  { key: 'degraded', label: 'Degraded' },
  { key: 'failing', label: 'Failing' },
  { key: 'secretsOutOfSync', label: 'Secrets out of sync' },
  { key: 'keysOverdue', label: 'Keys overdue' },
  { key: 'policyBreaking', label: 'Breaking policy' },
];

/** The fleet's headline numbers, as the backend counted them. */
export function FleetSummary(props: { counts: FleetSummaryCounts }) {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      mb={2}
      component="ul"
      p={0}
      aria-label="Fleet summary"
      style={{ gap: 16, listStyle: 'none' }}
    >
      {TILES.map(tile => (
        <Paper
          key={tile.key}
          component="li"
          data-testid={`mcpk-count-${tile.key}`}
          style={{ padding: '12px 20px', minWidth: 120 }}
        >
          <Typography variant="h4" component="div">
            {props.counts[tile.key]}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {tile.label}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}
