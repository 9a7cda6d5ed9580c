// expect-none
'use client';

import { SessionProvider, signIn, signOut, useSession } from 'next-auth/react';
import type { Session } from 'next-auth';

function ProfileCard({ session }: { session: Session }) {
  return (
    <div className="card">
      <p>Signed in as {session.user?.email}</p>
      <button onClick={() => signOut()}>Sign out</button>
    </div>
  );
}

function Profile() {
  const { data: session, status } = useSession();
  if (status === 'loading') return <p>Loading session…</p>;
  if (!session) return <button onClick={() => signIn('github')}>Sign in</button>;
  return <ProfileCard session={session} />;
}

export default function ProfilePage({ session }: { session: Session | null }) {
  return (
    <SessionProvider session={session} refetchInterval={5 * 60}>
      <Profile />
    </SessionProvider>
  );
}
