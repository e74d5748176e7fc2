import { entry } from '../../../shared/src/appwrite/entry.js';

// Only a finished video or a failed scene has anything to announce.
const announces = (row: Record<string, unknown>) => row.status === 'completed' || row.status === 'failed';

export default entry({
  serves: announces,
  load: async () => {
    const [{ deliverWebhooks }, { sendWebhook }] = await Promise.all([import('./handler.js'), import('../../../shared/src/webhooks/send.js')]);
    return deliverWebhooks({ send: sendWebhook });
  },
});
