/** The protective marking bar at the top and bottom of the window, with its descriptor and handling instructions under it. */
import type { MarkingText } from '../../shared/brief/marking';

export function MarkingBar({ text, where }: { text: MarkingText; where: 'top' | 'bottom' }) {
  return (
    <div className="marking" data-testid={`marking-${where}`} role="note" aria-label="Protective marking">
      {text.marking}
      {text.caveat && (
        <span className="marking-caveat" data-testid={`marking-caveat-${where}`}>
          {text.caveat}
        </span>
      )}
    </div>
  );
}
