import { useEffect, useState } from 'react';

/** The clock, re-read every `everyMs`: statuses and "time left" move on without any edit. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
