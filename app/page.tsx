import { Suspense } from 'react';
import { Explorer } from '@/components/Explorer';

export default function ExplorerPage() {
  return (
    <Suspense>
      <Explorer />
    </Suspense>
  );
}
