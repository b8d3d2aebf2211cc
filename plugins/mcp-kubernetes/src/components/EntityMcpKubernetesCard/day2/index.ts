export { Day2Actions } from './Day2Actions';
export { Day2Status } from './Day2Status';
export { ReleaseHistorySection } from './ReleaseHistory';
export { useDay2Templates } from './day2Templates';
export { useDay2Operation } from './useDay2Operation';
