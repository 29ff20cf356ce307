import { useEffect, useState } from 'react';
import InbentaAuth from '@inbenta-community/inbenta-auth';

// The client lives as long as the component: created in an effect, closed
// in the effect's cleanup (which may run before the client arrives).
export default function Chat() {
  const [client, setClient] = useState(null);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState(null);

  useEffect(() => {
    let gone = false;
    let created = null;
    InbentaAuth.createFromDomainKey('YOUR_DOMAIN_KEY', 'YOUR_API_KEY', { authURL: 'https://api.inbenta.io/v1' })
      .then((c) => {
        if (gone) {
          c.close();
        } else {
          created = c;
          setClient(c);
        }
      }, setError);
    return () => {
      gone = true;
      created?.close();
    };
  }, []);

  useEffect(() => {
    client?.fetch(client.apis.chatbot + '/v1/conversation', { method: 'POST' })
      .then((r) => setAnswer('chatbot answered ' + r.status), setError);
  }, [client]);

  if (error) {
    return <p role="alert">{error.code}: {error.message}</p>;
  }
  return <p id="chat">{answer || (client ? 'Connected' : 'Connecting…')}</p>;
}
