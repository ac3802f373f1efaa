import { httpFunction } from './register';
// Graph cannot send a function key; every request carries a JWT that is verified first.
httpFunction('callback', { route: 'callback', methods: ['POST'], keyLevel: 'anonymous' });
