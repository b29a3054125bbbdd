// The workspace's component workload, live with the plan view.
import { WorkloadBars } from '../ui/WorkloadBars';
import { useWorkspace } from './context';

export function WorkloadChart({ testId = 'workload' }: { testId?: string } = {}) {
  const { view, selection } = useWorkspace();
  return <WorkloadBars workload={view.coherence.workload} selectedId={selection?.kind === 'component' ? selection.id : null} testId={testId} />;
}
