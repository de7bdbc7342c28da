// The tag colour of a run or job status, the same on every workload page.
import type { RunStatus } from '@/api/workload'

export function statusType(s: RunStatus | null | undefined): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (s) {
    case 'RUNNING':
      return 'primary'
    case 'SUCCEEDED':
      return 'success'
    case 'FAILED':
    case 'ABNORMAL':
      return 'danger'
    case 'QUEUED':
    case 'PREPARING':
    case 'CREATING':
    case 'RESTARTING':
    case 'STOPPING':
      return 'warning'
    default:
      return 'info'
  }
}
