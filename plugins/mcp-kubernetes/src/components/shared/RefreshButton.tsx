import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import RefreshIcon from '@material-ui/icons/Refresh';

/** The refresh action of the card and the fleet page; disabled while a request is in flight. */
export function RefreshButton(props: {
  /** Accessible name, e.g. "Refresh status". */
  label: string;
  onClick: () => void;
  loading: boolean;
  /** Auto refresh period, shown in the tooltip; 0 when off. */
  refreshSeconds: number;
}) {
  return (
    <Tooltip
      title={
        props.refreshSeconds > 0
          ? `Refresh (auto every ${props.refreshSeconds}s)`
          : 'Refresh'
      }
    >
      <span>
        <IconButton
          aria-label={props.label}
          onClick={props.onClick}
          disabled={props.loading}
        >
          <RefreshIcon />
        </IconButton>
      </span>
    </Tooltip>
  );
}
