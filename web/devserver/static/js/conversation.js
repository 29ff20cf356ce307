// conversation.js reads what the Chat panel shows: the chatbot's answers,
// the message a person typed, and what a new conversation means. Plain
// data in, strings out; nothing here touches the page, and what it returns
// goes into the page as text.

// maxMessage bounds the characters of a message the panel sends.
export const maxMessage = 200;
// An answer's texts are bounded too: the panel is no place for a book.
const maxAnswers = 5;
const maxAnswerLength = 2000;
const maxReasonLength = 40;

// messageOf is the message to send for what was typed: trimmed, bounded,
// '' when there is nothing to send.
export function messageOf(typed) {
  return String(typed === undefined || typed === null ? '' : typed).trim().slice(0, maxMessage);
}

// answerTexts are the texts of a chatbot answer's body, in Inbenta's shape
// ({answers: [{message, messageList, ...}]}), or null when it has none.
export function answerTexts(body) {
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const answers = parsed !== null && typeof parsed === 'object' && Array.isArray(parsed.answers) ? parsed.answers : [];
  const texts = [];
  for (const answer of answers.slice(0, maxAnswers)) {
    const message = answer !== null && typeof answer === 'object' ? answer.message : undefined;
    if (typeof message === 'string' && message !== '') texts.push(message.slice(0, maxAnswerLength));
  }
  return texts.length ? texts : null;
}

// conversationId is a session id as the panel keeps it: a string, or null
// for none.
export function conversationId(id) {
  return id === null || id === undefined || id === '' ? null : String(id);
}

// conversationName names the conversation of a session id.
export function conversationName(id) {
  const known = conversationId(id);
  return known === null ? 'a new conversation' : 'conversation ' + known;
}

// renewal says what the client's session event info means: {title,
// detail} for the timeline, chat for the conversation, and replayed when
// the message in flight was sent again in the new conversation.
export function renewal(info) {
  const { reason, previousId, id } = info !== null && typeof info === 'object' ? info : {};
  const was = conversationName(previousId);
  const now = conversationName(id);
  const label = conversationId(id) === null ? '' : ' (' + conversationId(id) + ')';
  if (reason === 'expired') {
    return {
      title: 'New conversation · expired',
      detail: 'the chatbot answered Session expired for ' + was + ': the SDK started ' + now + ' and sent the message again',
      chat: 'New conversation' + label + ': ' + was + ' had expired, so your message was sent again in a new one.',
      replayed: true,
    };
  }
  if (reason === 'idle') {
    return {
      title: 'New conversation · idle',
      detail: was + ' went unused past its lifetime: the SDK started ' + now + ' before sending the message',
      chat: 'New conversation' + label + ': the last one had been idle too long.',
      replayed: false,
    };
  }
  return {
    title: 'New conversation · ' + String(reason).slice(0, maxReasonLength),
    detail: 'the SDK started ' + now + ' in place of ' + was,
    chat: 'New conversation' + label + '.',
    replayed: false,
  };
}
