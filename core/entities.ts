import { AuditEntry } from './audit/audit-entry.entity.js';
import { Attendance } from './journal/attendance.entity.js';
import { Homework } from './journal/homework.entity.js';
import { Lesson } from './journal/lesson.entity.js';
import { Mark } from './journal/mark.entity.js';
import { PeriodLock } from './journal/period-lock.entity.js';
import { PeriodMark } from './journal/period-mark.entity.js';
import { ReminderSent } from './journal/reminder-sent.entity.js';
import { WorkType } from './school/work-type.entity.js';
import { AdminAccount } from './accounts/admin-account.entity.js';
import { LoginAddressAttempt } from './panel/login-address-attempt.entity.js';
import { LoginAttempt } from './panel/login-attempt.entity.js';
import { PanelSession } from './panel/panel-session.entity.js';
import { PanelSignInLink } from './panel/sign-in-link.entity.js';
import { Enrollment } from './people/enrollment.entity.js';
import { Group } from './people/group.entity.js';
import { Guardian, StudentGuardian } from './people/guardian.entity.js';
import { Staff } from './people/staff.entity.js';
import { Student } from './people/student.entity.js';
import { StudentMovement } from './people/student-movement.entity.js';
import { Subgroup, SubgroupMember } from './people/subgroup.entity.js';
import { ControlWork } from './schedule/control-work.entity.js';
import { TeachingAssignment } from './schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from './schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from './schedule/timetable-slot.entity.js';
import { AcademicYear } from './school/academic-year.entity.js';
import { BellSchedule, BellSlot } from './school/bell-schedule.entity.js';
import { Building, Room } from './school/building.entity.js';
import { Holiday } from './school/holiday.entity.js';
import { Period } from './school/period.entity.js';
import { School } from './school/school.entity.js';
import { Subject } from './school/subject.entity.js';
import { Consent } from './privacy/consent.entity.js';
import { Invite, InviteFailure } from './telegram/invite.entity.js';
import { TelegramBinding } from './telegram/telegram-binding.entity.js';
import { CompromiseReport } from './audit/compromise-report.entity.js';
import { Announcement } from './notifications/announcement.entity.js';
import { Notification } from './notifications/notification.entity.js';
import { PacerState } from './notifications/pacer-state.entity.js';
import { ChatClaim } from './notifications/chat-claim.entity.js';
import { NotificationPreference } from './notifications/notification-preference.entity.js';
import { WeeklyDigest } from './notifications/weekly-digest.entity.js';
import { MessageThread, ThreadMessage } from './messages/message-thread.entity.js';
import { BotSession } from './telegram/bot-session.entity.js';
import { ProcessedUpdate } from './telegram/processed-update.entity.js';
import { JobRun } from './jobs/job-run.entity.js';
import { BackupRun } from './backup/backup-run.entity.js';
import { TelegramAccount } from './telegram/telegram-account.entity.js';
import { JournalArchive } from './archive/journal-archive.entity.js';
import { PersonalDataRead } from './audit/personal-data-read.entity.js';

/** Every entity the ORM knows; new modules add theirs here. */
export const entities = [
  AdminAccount, PanelSession, LoginAttempt, LoginAddressAttempt, ProcessedUpdate, TelegramAccount, AuditEntry,
  School, AcademicYear, Period, Holiday, BellSchedule, BellSlot, Subject, Building, Room,
  Staff, Student, Guardian, StudentGuardian, Group, Subgroup, SubgroupMember, Enrollment, StudentMovement,
  TeachingAssignment, ThematicPlanTopic, TimetableSlot, ControlWork, WorkType,
  Consent, Invite, InviteFailure, TelegramBinding, CompromiseReport,
  Lesson, Attendance, Mark, Homework, PeriodMark, PeriodLock, ReminderSent, BotSession,
  Notification, NotificationPreference, PacerState, ChatClaim, Announcement, WeeklyDigest, MessageThread, ThreadMessage,
  PanelSignInLink, JobRun, JournalArchive, PersonalDataRead, BackupRun,
];
