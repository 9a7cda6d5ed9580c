// expect-none
// Login route for the admin API. iron-session seals the session into a cookie;
// nothing is stored server-side.
import { getIronSession, type IronSession, type SessionOptions } from 'iron-session';
import { cookies } from 'next/headers';
import { verifyPassword } from '../auth/passwords';

interface AdminSession {
  userId?: number;
  isAdmin?: boolean;
}

export const sessionOptions: SessionOptions = {
  password: process.env.SESSION_PASSWORD as string,
  cookieName: 'admin_session',
  cookieOptions: { secure: process.env.NODE_ENV === 'production', sameSite: 'strict' },
};

async function adminSession(): Promise<IronSession<AdminSession>> {
  return getIronSession<AdminSession>(await cookies(), sessionOptions);
}

export async function POST(request: Request): Promise<Response> {
  const { email, password } = await request.json();
  const user = await verifyPassword(email, password);
  if (!user) return Response.json({ error: 'invalid credentials' }, { status: 401 });
  const session = await adminSession();
  session.userId = user.id;
  session.isAdmin = user.isAdmin;
  await session.save();
  return Response.json({ ok: true });
}
