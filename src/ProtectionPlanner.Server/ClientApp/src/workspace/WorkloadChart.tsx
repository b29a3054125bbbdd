// The workspace's component workload, live with the plan view.
import { WorkloadBars } from '../ui/WorkloadBars';
import { useWorkspace } from './context';

export function WorkloadChart({ testId = 'workload' }: { testId?: string } = {}) {
  const { view, selection } = useWorkspace();
  const selectedId = selection?.kind === 'component' ? selection.id : null;
  return <WorkloadBars workload={view.coherence.workload} selectedId={selectedId} testId={testId} />;
}
