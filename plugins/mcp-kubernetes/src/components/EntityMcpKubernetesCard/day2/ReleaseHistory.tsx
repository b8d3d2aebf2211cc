import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Link,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  installKey,
  InstallRef,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import { mcpKubernetesApiRef } from '../../../api';
import { formatAgo } from '../../shared/time';
import { taskPagePath } from './day2Templates';
import { errorText } from './errorText';
import { HistoryRow, historyRows } from './historyRows';
import { ValuesDiffDialog } from './ValuesDiffDialog';

/** Short cells stay on one line; the card's column is narrow, so the table scrolls sideways. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function columns(
  now: number,
  showDiff: (from: number, to: number) => void,
): TableColumn<HistoryRow>[] {
  const cells: TableColumn<HistoryRow>[] = [
    {
      title: 'Revision',
      field: 'revision',
      render: row => (row.revision === undefined ? '—' : String(row.revision)),
    },
    { title: 'Status', field: 'status' },
    { title: 'Chart', field: 'chart', render: row => row.chart ?? '—' },
    {
      title: 'App version',
      field: 'appVersion',
      render: row => row.appVersion ?? '—',
    },
    {
      title: 'When',
      field: 'at',
      render: row =>
        row.at ? (
          <time dateTime={row.at} title={row.at}>
            {formatAgo(row.at, now)}
          </time>
        ) : (
          '—'
        ),
    },
    {
      title: 'Who',
      field: 'actor',
      render: row =>
        row.actor ? (
          <>
            {row.actor}
            {row.taskId && (
              <>
                {' '}
                (<Link to={taskPagePath(row.taskId)}>task</Link>)
              </>
            )}
          </>
        ) : (
          <Typography variant="body2" color="textSecondary" component="span">
            outside the portal
          </Typography>
        ),
    },
    {
      title: 'Description',
      field: 'description',
      render: row => row.description ?? '',
    },
    {
      title: 'Values',
      field: 'previousRevision',
      sorting: false,
      render: row =>
        row.revision !== undefined && row.previousRevision !== undefined ? (
          <Button
            size="small"
            onClick={() => showDiff(row.previousRevision!, row.revision!)}
            aria-label={`Diff revision ${row.revision} with previous`}
          >
            Diff with previous
          </Button>
        ) : null,
    },
  ];
  // What and who first, so they show without scrolling; the description is the one long
  // text: it wraps, everything else keeps its line.
  const order = ['Revision', 'Status', 'When', 'Who'];
  const rank = (c: TableColumn<HistoryRow>) => {
    const i = order.indexOf(String(c.title));
    return i === -1 ? order.length : i;
  };
  return [...cells]
    .sort((a, b) => rank(a) - rank(b))
    .map(column =>
      column.field === 'description'
        ? column
        : { ...column, cellStyle: NO_WRAP, headerStyle: NO_WRAP },
    );
}

/** The table inside the expanded section; loads only once someone opens it. */
function ReleaseHistoryTable(props: {
  install: InstallRef;
  refreshKey: number;
}) {
  const api = useApi(mcpKubernetesApiRef);
  const { install } = props;
  const history = useAsyncRetry(
    () => api.getReleaseHistory(install),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, installKey(install), props.refreshKey],
  );
  const [diff, setDiff] = useState<{ from: number; to: number }>();
  // material-table writes bookkeeping into row objects: give it fresh ones.
  const rows = useMemo(
    () => (history.value ? historyRows(history.value) : []),
    [history.value],
  );

  if (history.loading && !history.value) {
    return <Progress aria-label="Loading the release history" />;
  }
  if (history.error) {
    return (
      <Box width="100%">
        <WarningPanel
          severity="warning"
          title={`Could not load the release history: ${errorText(
            history.error,
          )}`}
        />
        <Button size="small" onClick={history.retry}>
          Try again
        </Button>
      </Box>
    );
  }
  return (
    <Box width="100%" overflow="auto">
      <Table<HistoryRow>
        columns={columns(Date.now(), (from, to) => setDiff({ from, to }))}
        data={rows}
        style={{ boxShadow: 'none' }}
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
          draggable: false,
          sorting: false,
        }}
        emptyContent={
          <Typography variant="body2" style={{ padding: 16 }}>
            No revisions recorded for this release.
          </Typography>
        }
      />
      {diff && (
        <ValuesDiffDialog
          install={install}
          from={diff.from}
          to={diff.to}
          onClose={() => setDiff(undefined)}
        />
      )}
    </Box>
  );
}

/**
 * The release's helm revisions (who made each, from our journal) and the restarts
 * between them, collapsed until asked for: reading helm history costs the cluster
 * more than the watch-fed status does.
 */
export function ReleaseHistorySection(props: {
  install: InstallRef;
  /** Bumped when a day-2 operation ends, so an open table reloads. */
  refreshKey: number;
}) {
  const [expanded, setExpanded] = useState(false);
  return (
    <Box component="section" aria-label="Release history" mt={2}>
      <Accordion
        expanded={expanded}
        onChange={(_, open) => setExpanded(open)}
        TransitionProps={{ unmountOnExit: true }}
        elevation={0}
        variant="outlined"
      >
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-controls="mcpk-release-history-content"
          id="mcpk-release-history-header"
        >
          <Typography variant="subtitle1" component="h3">
            Release history
          </Typography>
        </AccordionSummary>
        <AccordionDetails id="mcpk-release-history-content">
          <ReleaseHistoryTable
            install={props.install}
            refreshKey={props.refreshKey}
          />
        </AccordionDetails>
      </Accordion>
    </Box>
  );
}
